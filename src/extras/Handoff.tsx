import { useEffect, useState } from 'react';
import { isDesk } from './displayMode';
import { isLocalOnly, phoneUrlFor } from './phoneUrl';

/** A QR code as an SVG data URL; `qrcode` is loaded only when a desk shows one. */
async function qrImage(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * On a desk, the phone URL as a QR code, so a visitor can carry on from a
 * phone. A local-only address would mean nothing to a phone: the relay's /qr
 * page has the network address instead.
 */
export function Handoff({ wsUrl }: { wsUrl: string }) {
  const [desk] = useState(isDesk);
  const [url] = useState(() => phoneUrlFor(window.location, wsUrl));
  const localOnly = isLocalOnly(url);
  const [image, setImage] = useState<string | null>(null);

  useEffect(() => {
    if (!desk || localOnly) return;
    let current = true;
    qrImage(url).then(
      (source) => current && setImage(source),
      () => {}, // No QR code; the address below still says where to go.
    );
    return () => {
      current = false;
    };
  }, [desk, localOnly, url]);

  if (!desk) return null;
  if (localOnly) {
    return (
      <aside className="handoff">
        <p>
          Phones cannot open this local address. The <a href="/qr">QR code page</a> has the one for
          your network.
        </p>
      </aside>
    );
  }
  return (
    <aside className="handoff">
      {image && <img src={image} alt={`QR code of ${url}`} width={148} height={148} />}
      <p>Scan to play on your phone</p>
      <p className="handoff-url">{url}</p>
    </aside>
  );
}
