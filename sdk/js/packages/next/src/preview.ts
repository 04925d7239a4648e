/**
 * An editor's preview (the admin's "Preview as…" link: `{path}?preview_token=T&persona=…&stage=…
 * &country=…&device=…`). The proxy sends such a link to the preview route, which turns Next.js
 * draft mode on and keeps the token and choices in an HttpOnly cookie for at most an hour; every
 * request in draft mode with that cookie is a preview: the token goes to the CMS, nothing is
 * tracked or cached, no visitor cookie is read or set. Without a token, `persona=` in a URL does
 * nothing (the site holds the server key, which would let anyone simulate).
 */

export const PREVIEW_COOKIE = "tailor_preview";
export const PREVIEW_SECONDS = 3600;
export const PREVIEW_PARAMS = ["preview_token", "persona", "stage", "country", "device"] as const;
const MAX_TOKEN = 512;

export interface Preview {
  token: string;
  persona: string;
  stage: string;
  country: string;
  device: string;
}

type Getter = (name: string) => string | null | undefined;

function arg(get: Getter, name: string): string {
  return (get(name) ?? "").trim().slice(0, 64);
}

/** A preview from a link's query or the cookie's fields; null without a token. */
export function previewFrom(get: Getter): Preview | null {
  const token = (get("preview_token") ?? get("token") ?? "").trim().slice(0, MAX_TOKEN);
  if (!token) return null;
  return { token, persona: arg(get, "persona"), stage: arg(get, "stage"), country: arg(get, "country").toUpperCase(), device: arg(get, "device").toLowerCase() };
}

export function previewFromCookie(raw: string | undefined): Preview | null {
  if (!raw || raw.length > 2 * MAX_TOKEN) return null;
  const fields = new URLSearchParams(raw);
  return previewFrom((name) => fields.get(name));
}

export function previewCookieValue(preview: Preview): string {
  const fields = new URLSearchParams();
  for (const [key, value] of Object.entries(preview)) if (value) fields.set(key, value);
  return fields.toString();
}

/** The API's `simulate`: only the choices the editor made. */
export function simulation(preview: Preview): Record<string, string> | null {
  const given = Object.entries({ persona: preview.persona, stage: preview.stage, country: preview.country, device: preview.device }).filter(([, v]) => v);
  return given.length ? Object.fromEntries(given) : null;
}

const DEVICE_WORDS: Record<string, string> = { mobile: "a phone", tablet: "a tablet", desktop: "a computer" };

/** "as persona Family buyer, stage Decide, from SE on a phone" (the CMS's names where it gives them). */
export function describePreview(preview: Preview, decision: { persona: { slug: string; name: string } | null; stage: { slug: string; name: string } | null }): string {
  const who: string[] = [];
  if (preview.persona) who.push(`persona ${decision.persona?.slug === preview.persona ? decision.persona.name : preview.persona}`);
  if (preview.stage) who.push(`stage ${decision.stage?.slug === preview.stage ? decision.stage.name : preview.stage}`);
  const where = [preview.country ? `from ${preview.country}` : "", preview.device ? `on ${DEVICE_WORDS[preview.device] ?? `a ${preview.device}`}` : ""].filter(Boolean).join(" ");
  if (who.length) return `as ${[...who, ...(where ? [where] : [])].join(", ")}`;
  return where ? `as a visitor ${where}` : "as the rules decide for your own request";
}

/** A URL without the preview parameters (the token is a credential); other parameters stay. */
export function withoutPreview(url: URL): URL {
  const out = new URL(url);
  for (const name of PREVIEW_PARAMS) out.searchParams.delete(name);
  return out;
}
