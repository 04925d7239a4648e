/** The layout around every page: header with navigation, footer, the consent banner when due. */
import { ConsentBanner } from "@tailor/react";
import type { ReactNode } from "react";
import { BRAND, NAVIGATION } from "@/lib/site";

export interface ShellProps {
  path: string;
  /** Full path with query, where the consent form comes back to. */
  here?: string;
  showBanner: boolean;
  /** A page with a why-panel links to it from the footer. */
  why?: boolean;
  top?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}

export function privacyHref(path: string): string {
  return `/_privacy/?next=${encodeURIComponent(path)}`;
}

export function Shell({ path, here, showBanner, why, top, after, children }: ShellProps) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {top}
      <header className="site-header">
        <div className="wrap header-row">
          <a className="logo" href="/" aria-label={`${BRAND}, home`}>
            <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
              <path d="M16 3 29 28H3Z" fill="none" stroke="currentColor" strokeWidth="3" strokeLinejoin="round" />
              <path d="M9 22h14" stroke="currentColor" strokeWidth="3" />
            </svg>
            <span>{BRAND}</span>
          </a>
          <nav id="site-nav" className="site-nav" aria-label="Main">
            <ul>
              {NAVIGATION.map(([href, label]) => (
                <li key={href}>
                  <a href={href} aria-current={path === href || (href !== "/" && path.startsWith(href)) ? "page" : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      {after}
      <footer className="site-footer">
        <div className="wrap footer-row">
          <p>&copy; {BRAND}. A demo brand rendered by the Tailor Next.js starter.</p>
          <p>
            <a href={privacyHref(path)}>Privacy choices</a>
            {why ? (
              <>
                {" · "}
                <a href="#why" className="why-link">
                  Why am I seeing this?
                </a>
              </>
            ) : null}
          </p>
        </div>
      </footer>
      {showBanner ? <ConsentBanner action="/_consent/" next={here ?? path} privacyHref={privacyHref(path)} /> : null}
    </>
  );
}

export function NotFound({ path, showBanner }: { path: string; showBanner: boolean }) {
  return (
    <Shell path={path} showBanner={showBanner}>
      <div className="wrap narrow prose">
        <h1>We could not find that page</h1>
        <p>
          It may have moved, or it is not published yet. Try <a href="/models/">our models</a> or <a href="/">the home page</a>.
        </p>
      </div>
    </Shell>
  );
}
