import bwipjs from 'bwip-js/node';

/**
 * The GS1 DataMatrix of a serialised pack, drawn on the server by bwip-js as SVG (bcid `gs1datamatrix`, the element
 * string in GS1 bracket notation `(01)…(17)…(10)…(21)…`; bwip-js encodes FNC1 and the separators). No script, no
 * network: the SVG is inlined in the page. Server components only (bwip-js's node build).
 */
export function serialDataMatrixSvg(elementString: string): string {
  return bwipjs.toSVG({ bcid: 'gs1datamatrix', text: elementString, scale: 4, paddingwidth: 2, paddingheight: 2 });
}

export function SerialDataMatrix({ elementString, size = 192 }: { elementString: string; size?: number }) {
  const svg = serialDataMatrixSvg(elementString).replace(
    '<svg ',
    `<svg width="${size}" height="${size}" aria-hidden="true" focusable="false" `,
  );
  return (
    <figure className="grid justify-items-center gap-2" data-testid="datamatrix">
      <div
        role="img"
        aria-label={`GS1 DataMatrix of ${elementString}`}
        className="rounded-md border border-border bg-white p-3 text-black"
        // bwip-js's own SVG of our element string: no user markup in it.
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <figcaption className="text-xs text-muted-foreground">GS1 DataMatrix, scan with a GS1-aware reader</figcaption>
    </figure>
  );
}
