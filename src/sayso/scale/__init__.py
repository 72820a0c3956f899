"""Scale-out: the heavy engines (ASR, TTS, LLM) as Ray Serve deployments.

`sayso serve --ray-address ADDRESS` deploys one Ray Serve application per engine
(`replicas.py`), each replica holding one loaded engine, and gives the assistant proxies
(`remote.py`) that satisfy the same engine Protocols, so sessions, understanding, actions and the
state database stay in the front-end process and run the same code as in-process engines.
Nothing here is imported unless scale-out is asked for (`pip install 'sayso[scale]'`).
"""
