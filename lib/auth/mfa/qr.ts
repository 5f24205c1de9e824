import QRCode from 'qrcode';

/**
 * The QR code of an otpauth:// URL as an SVG data URL, drawn on the server (the key never goes to a third party):
 * dark modules on white with a quiet zone, so phone cameras read it in the dark theme too.
 */
export async function qrDataUrl(otpauthUrl: string): Promise<string> {
  const svg = await QRCode.toString(otpauthUrl, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
