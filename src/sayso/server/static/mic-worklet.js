// Collects microphone samples into ~40 ms frames and hands them to the page as Float32Arrays.
class MicFrames extends AudioWorkletProcessor {
  constructor() {
    super();
    this.frame = new Float32Array(Math.round(sampleRate * 0.04));
    this.fill = 0;
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      for (let i = 0; i < channel.length; i++) {
        this.frame[this.fill++] = channel[i];
        if (this.fill === this.frame.length) {
          this.port.postMessage(this.frame.slice(0));
          this.fill = 0;
        }
      }
    }
    return true;
  }
}
registerProcessor("mic-frames", MicFrames);
