/**
 * Every CMS page: decided on the server for this very request (@tailor/next), so the first HTML
 * already holds the visitor's variant — no flash of default content, and it works without
 * JavaScript. The content comes from the data cache shared by every visitor with the same cache
 * key; the why-panel and banners around it are rendered per request.
 */
import { Article, PreviewBanner, WhyPanel } from "@tailor/react";
import { TailorProvider, TrackClicks } from "@tailor/react/client";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { NotFound, Shell, privacyHref } from "@/components/Shell";
import { INTERESTS } from "@/lib/site";
import { tailor } from "@/lib/tailor";

type Props = { params: Promise<{ slug?: string[] }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function pathOf(slug: string[] | undefined): string {
  return slug?.length ? `/${slug.map(encodeURIComponent).join("/")}/` : "/";
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const visitor = await tailor.visitor();
  return visitor.preview ? { robots: { index: false, follow: false } } : {};
}

export default async function Page({ params }: Props) {
  const path = pathOf((await params).slug);
  if (path.split("/").some((part) => part.includes("."))) notFound(); // files are not pages
  const result = await tailor.page(path);
  const preview = result.visitor.preview;
  if (result.kind === "not-found") {
    if (preview) return <NotFound path={path} showBanner={false} />;
    notFound();
  }
  if (result.kind === "error") {
    if (preview && (result.error.code === "FORBIDDEN" || result.error.code === "BAD_USER_INPUT")) {
      redirect(`/api/tailor/preview/?refused=${result.error.code}&next=${encodeURIComponent(path)}`);
    }
    throw new Error(`The Tailor API refused ${path}: ${result.error.code}`);
  }
  const { content, decision, variant, visitor, cachedAt } = result;
  const personas = visitor.state.visitorId ? await tailor.personas() : [];
  const url = visitor.url ? new URL(visitor.url) : null;
  const here = url ? url.pathname + url.search : path;
  return (
    <TailorProvider decision={decision} variant={variant} tracking={Boolean(visitor.state.visitorId)} trackUrl="/api/tailor/track/" path={path}>
      <Shell
        path={path}
        here={here}
        showBanner={!preview && visitor.state.showBanner}
        why
        top={preview ? <PreviewBanner words={result.previewWords ?? ""} leaveHref={`/_preview/leave/?next=${encodeURIComponent(path)}`} /> : null}
        after={
          <WhyPanel
            decision={decision}
            variant={variant}
            visitorId={visitor.state.visitorId}
            gpc={visitor.state.gpc}
            consent={visitor.state.consent}
            preview={Boolean(preview)}
            personas={personas}
            interests={INTERESTS}
            declareAction="/api/tailor/declare/"
            privacyHref={privacyHref(path)}
            path={path}
          />
        }
      >
        <div data-variant={variant?.id ?? ""} data-cache-key={decision.cacheKey} data-content-url={preview ? "" : decision.contentUrl} data-content-cached-at={cachedAt ?? ""} data-testid="personalized">
          <Article content={content} cmsOrigin={tailor.config.cmsOrigin} />
        </div>
      </Shell>
      {visitor.state.visitorId ? <TrackClicks /> : null}
    </TailorProvider>
  );
}
