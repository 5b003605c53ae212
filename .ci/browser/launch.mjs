// Debian's headless Chromium as both browser checks launch it: no sandbox (CI runs as root), no GPU,
// and none of the background traffic (updates, sync, QUIC) that would leave the loopback interface.
import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
