// Next.js 16's proxy (formerly middleware): consent and the visitor id cookie, preview links,
// and the request's URL and address for server components (@tailor/next/proxy).
import { configFromEnv } from "@tailor/next";
import { createTailorProxy } from "@tailor/next/proxy";

export const proxy = createTailorProxy(configFromEnv());

export const config = {
  matcher: ["/((?!_next/|api/|icon.svg|favicon.ico).*)"],
};
