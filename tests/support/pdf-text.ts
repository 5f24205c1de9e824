/**
 * The text a PDF shows, as a reader extracts it: pdfjs-dist (Mozilla's PDF reader, written by none of us) opens the
 * document and gives each page's text runs, one per line here, pages in order. Tests read a report back through it
 * rather than through their own parsing of content streams, which dropped a stream whose compressed bytes happened
 * to end in a carriage return.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const lines: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item && item.str !== '') lines.push(item.str);
    }
    return lines.join('\n');
  } finally {
    await pdf.destroy();
  }
}
