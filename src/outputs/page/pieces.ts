// Pure: a page as pieces. The template is rendered with a mark where each drawn piece goes (a card,
// a section of the variables page), and the page is handed to the publisher as the text between
// the marks and the pieces themselves. So the kept HTML of each card is written as it is, not
// copied into one page string every cycle: 3.5 MB for the variables page of 576 UPSes, all of it
// garbage the cycle after (issue 11, Scale).

import type { Piece } from '../../publish/atomic-write.ts';

/** Escaped data holds no raw "<", so only a template could hold this, and none does. */
export const PIECE_MARK = '<!--upsview:piece-->';

export function piecesAround(rendered: string, pieces: readonly Piece[]): Piece[] {
  const between = rendered.split(PIECE_MARK);
  if (between.length !== pieces.length + 1) throw new Error(`the page has ${between.length - 1} places for ${pieces.length} pieces`);
  const out: Piece[] = [between[0] as string];
  pieces.forEach((piece, i) => out.push(piece, between[i + 1] as string));
  return out;
}
