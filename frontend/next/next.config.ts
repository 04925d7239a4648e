import type { NextConfig } from "next";

const config: NextConfig = {
  // Page paths end with a slash, as in Wagtail and the reference frontend.
  trailingSlash: true,
  poweredByHeader: false,
  // Personalized HTML must never sit in a shared cache (the content cache is Next's data cache).
  async headers() {
    return [{ source: "/:path*", headers: [{ key: "Vary", value: "Cookie, User-Agent, Sec-GPC, DNT" }] }];
  },
};

export default config;
