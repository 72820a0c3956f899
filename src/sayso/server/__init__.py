"""The sayso server: OpenAI audio REST, Realtime WebSocket, Wyoming, metrics and a web page."""
