// The trivial page: two frames after it runs, the first paint is on screen; say so.
declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
declare function requestAnimationFrame(cb: () => void): number;
const api = acquireVsCodeApi();
requestAnimationFrame(() => requestAnimationFrame(() => api.postMessage('painted')));
