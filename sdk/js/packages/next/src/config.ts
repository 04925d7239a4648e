/** What a Next.js site tells @tailor/next: where the CMS is, the server key, the webhook secret. */
import { createTailorClient, type TailorClient } from "@tailor/client";

export interface TailorNextConfig {
  /** The CMS's GraphQL endpoint (TAILOR_API_URL), e.g. `http://127.0.0.1:8000/graphql/`. */
  apiUrl: string;
  /** PERSONALIZATION_SERVER_KEY: the same value as the CMS's. Never sent to a browser. */
  serverKey?: string | undefined;
  /** Where browsers fetch media the API names with relative URLs (TAILOR_PUBLIC_CMS_URL); default the API's origin. */
  publicCmsUrl?: string | undefined;
  /** Hostname of the site, for multi-site installs. */
  site?: string | undefined;
  /** `Secure` cookies (behind HTTPS). */
  secureCookies?: boolean | undefined;
  /** Shared secret of the publish webhook (TAILOR_WEBHOOK_SECRET). */
  webhookSecret?: string | undefined;
  /** A client of your own (tests); built from the values above when omitted. */
  client?: TailorClient | undefined;
}

export interface ResolvedConfig extends TailorNextConfig {
  client: TailorClient;
  cmsOrigin: string;
}

export function resolveConfig(config: TailorNextConfig): ResolvedConfig {
  const client = config.client ?? createTailorClient({ endpoint: config.apiUrl, serverKey: config.serverKey });
  const cmsOrigin = (config.publicCmsUrl || new URL(config.apiUrl).origin).replace(/\/+$/, "");
  return { ...config, client, cmsOrigin };
}

/** The configuration from the environment variables the reference frontend reads. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): TailorNextConfig {
  return {
    apiUrl: env.TAILOR_API_URL || "http://127.0.0.1:8000/graphql/",
    serverKey: env.PERSONALIZATION_SERVER_KEY || undefined,
    publicCmsUrl: env.TAILOR_PUBLIC_CMS_URL || undefined,
    site: env.TAILOR_SITE || undefined,
    secureCookies: env.FRONTEND_SECURE_COOKIES === "1",
    webhookSecret: env.TAILOR_WEBHOOK_SECRET || undefined,
  };
}

/** Cache tags: every cached answer carries `tailor`; content also its page's tag. */
export const TAGS = {
  all: "tailor",
  personas: "tailor:personas",
  ruleSet: "tailor:ruleset",
  page: (path: string) => `tailor:page:${path}`,
} as const;

/** Headers the proxy sets for server components (any a browser sent are replaced). */
export const FORWARDED = { url: "x-tailor-url", ip: "x-tailor-ip" } as const;
