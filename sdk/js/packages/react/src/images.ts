/** Content blocks and images as the CMS sends them (a port of frontend/render.py). */
import type { Block } from "@tailor/client";

export const CONTENT_IMAGE_SIZES = "(min-width: 52rem) 48rem, calc(100vw - 2.5rem)";
const DOWNLOAD_SUFFIXES = [".pdf", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"];

export interface ImageView {
  src: string;
  srcSet: string;
  alt: string;
  width: number | undefined;
  height: number | undefined;
}

type Rendition = { url?: string; src?: string; width?: number | string; height?: number | string };
type Dict = Record<string, unknown>;

/** Media URLs from the CMS may be relative to the CMS, another host than the site's. */
export function absolute(url: string, origin: string): string {
  if (/^(https?:|\/\/|data:)/.test(url)) return url;
  return `${origin.replace(/\/+$/, "")}/${url.replace(/^\/+/, "")}`;
}

function renditions(value: Dict): Rendition[] {
  let raw = value.renditions ?? value.sources ?? [];
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    raw = Object.entries(raw as Dict).map(([width, v]) => (v && typeof v === "object" ? { ...(v as Dict), width: Number(width) } : { width: Number(width), url: v }));
  }
  return (Array.isArray(raw) ? (raw as Rendition[]) : []).filter((r) => r && typeof r === "object" && (r.url || r.src) && r.width);
}

/** An image block's value as an <img> with srcset; null when there is nothing to show. */
export function imageView(input: unknown, origin: string): ImageView | null {
  if (!input || typeof input !== "object") return null;
  let value = input as Dict;
  if (value.image && typeof value.image === "object") {
    value = { ...(value.image as Dict), ...Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== "image" && v)) };
  }
  const sorted = renditions(value).sort((a, b) => Number(a.width) - Number(b.width));
  const srcSet = sorted.map((r) => `${absolute((r.url || r.src)!, origin)} ${Number(r.width)}w`).join(", ");
  const largest: Rendition = sorted[sorted.length - 1] ?? {};
  let src = (value.url || value.src || largest.url || largest.src) as string | undefined;
  if (!src) return null;
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle) src = (middle.url || middle.src)!;
  const width = largest.width ?? (value.width as number | undefined);
  const height = largest.height ?? (value.height as number | undefined);
  return {
    src: absolute(src, origin),
    srcSet,
    alt: String(value.alt ?? value.altText ?? ""),
    width: width ? Number(width) : undefined,
    height: height ? Number(height) : undefined,
  };
}

/** Body blocks in reading order; a personalized block that still arrives unresolved is flattened. */
export function flattenBlocks(blocks: readonly unknown[] | null | undefined): Block[] {
  const out: Block[] = [];
  for (const block of blocks ?? []) {
    if (!block || typeof block !== "object") continue;
    const { type, value } = block as Block;
    if (type === "personalized") {
      const inner = value && typeof value === "object" && !Array.isArray(value) ? (value as Dict).blocks : value;
      out.push(...flattenBlocks(Array.isArray(inner) ? inner : []));
    } else {
      out.push(block as Block);
    }
  }
  return out;
}

export function isDownload(url: string): boolean {
  const bare = url.split("?")[0]!.split("#")[0]!.toLowerCase();
  return DOWNLOAD_SUFFIXES.some((suffix) => bare.endsWith(suffix));
}
