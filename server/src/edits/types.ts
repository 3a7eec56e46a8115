/** What every fix is made of: owned by the edits layer, which builds them. */

/** A change to the text: replace [start, end) with newText (offsets into the analysed text). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
