// Text kept encoded from cycle to cycle (a card, a UPS's variables, a metrics family): the writer
// copies its bytes instead of encoding it again each cycle (publish/atomic-write.ts).
//
// TextEncoder, not Buffer.from: Buffer.from puts text under 4 KB into a shared 8 KB slab, and one
// small piece kept for days holds its whole slab, with whatever else was cut from it, alive.

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
