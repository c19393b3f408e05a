/** The part of UPNG.js (it ships no types) that the README screenshots use. */
declare module 'upng-js' {
  /** A decoded PNG, to hand to toRGBA8. */
  export interface Image {
    width: number;
    height: number;
  }
  export function decode(png: ArrayBuffer): Image;
  /** One RGBA buffer per frame (one for a still PNG). */
  export function toRGBA8(image: Image): ArrayBuffer[];
  /** `colours` 0 is lossless; 256 or fewer gives a palette PNG. */
  export function encode(frames: ArrayBuffer[], width: number, height: number, colours: number): ArrayBuffer;
}
