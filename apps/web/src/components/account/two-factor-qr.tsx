"use client";
// The otpauth:// URI as a QR code: an SVG string made in the page (qrcode, no canvas) and shown
// as an <img> data URL, so no inline script or style is needed under the nonce CSP (img-src allows data:).
import QRCode from "qrcode";
import { useEffect, useState } from "react";

export function TwoFactorQr({ uri }: { uri: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then(
      (svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      },
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [uri]);
  if (!src) return <div className="size-48 rounded border border-slate-200 bg-slate-50" />;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the page: next/image has nothing to optimise
    <img
      src={src}
      alt="QR code for your authenticator app"
      width={192}
      height={192}
      className="size-48 rounded border border-slate-200 bg-white"
      data-testid="two-factor-qr"
    />
  );
}
