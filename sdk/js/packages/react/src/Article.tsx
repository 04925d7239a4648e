/** A page's content (title, intro, hero image, body blocks): identical for every request with the same cache key. */
import type { PageContent } from "@tailor/client";
import { CONTENT_IMAGE_SIZES, flattenBlocks, imageView, isDownload } from "./images";

export interface ArticleProps {
  content: PageContent;
  /** Where media URLs relative to the CMS are fetched from, e.g. `http://127.0.0.1:8000`. */
  cmsOrigin: string;
}

const HERO_SIZES = "(min-width: 72rem) 34rem, (min-width: 56rem) 50vw, calc(100vw - 2.5rem)";

export function Article({ content, cmsOrigin }: ArticleProps) {
  let body = flattenBlocks(content.body);
  const hero = body[0]?.type === "image" ? imageView(body[0].value, cmsOrigin) : null;
  if (hero) body = body.slice(1);
  return (
    <article className="page">
      <header className={hero ? "hero has-image" : "hero"}>
        <div className="wrap hero-grid">
          <div className="hero-text">
            <h1 data-testid="page-title">{content.title}</h1>
            {content.intro ? <p className="intro">{content.intro}</p> : null}
          </div>
          {hero ? (
            <img className="hero-image" src={hero.src} srcSet={hero.srcSet || undefined} sizes={hero.srcSet ? HERO_SIZES : undefined} alt={hero.alt} width={hero.width} height={hero.height} fetchPriority="high" />
          ) : null}
        </div>
      </header>
      <div className="wrap body">
        {body.map((block, index) => (
          <BlockView key={block.id ?? index} type={block.type} value={block.value} cmsOrigin={cmsOrigin} />
        ))}
      </div>
    </article>
  );
}

function BlockView({ type, value, cmsOrigin }: { type: string; value: unknown; cmsOrigin: string }) {
  if (type === "heading") return <h2 className="block-heading">{String(value ?? "")}</h2>;
  // Rich text from the CMS: editors' HTML, sanitised by Wagtail's rich text rules.
  if (type === "paragraph") return <div className="block-paragraph" dangerouslySetInnerHTML={{ __html: String(value ?? "") }} />;
  if (type === "cta") {
    const cta = (value ?? {}) as { url?: string; label?: string };
    if (!cta.url) return null;
    const download = isDownload(cta.url);
    return (
      <p className="block-cta">
        <a className="button" href={cta.url} download={download || undefined} data-track={download ? "download" : "cta_click"} data-track-label={cta.label}>
          {cta.label}
        </a>
      </p>
    );
  }
  if (type === "image") {
    const img = imageView(value, cmsOrigin);
    if (!img) return null;
    const caption = (value as { caption?: string } | null)?.caption;
    return (
      <figure className="block-image">
        <img src={img.src} srcSet={img.srcSet || undefined} sizes={img.srcSet ? CONTENT_IMAGE_SIZES : undefined} alt={img.alt} width={img.width} height={img.height} loading="lazy" decoding="async" />
        {caption ? <figcaption>{caption}</figcaption> : null}
      </figure>
    );
  }
  return null;
}
