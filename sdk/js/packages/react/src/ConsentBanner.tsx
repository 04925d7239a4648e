/** The opt-in banner: two equal buttons posting to the site's consent handler (works without JavaScript). */
export interface ConsentBannerProps {
  /** The consent route handler, e.g. `/api/tailor/consent`. */
  action: string;
  /** Where to come back to after choosing (a local path). */
  next: string;
  /** The page where the choice can be changed later. */
  privacyHref: string;
}

export function ConsentBanner({ action, next, privacyHref }: ConsentBannerProps) {
  return (
    <section className="consent" aria-labelledby="consent-title" data-testid="consent-banner">
      <div className="wrap consent-row">
        <div>
          <h2 id="consent-title">Make this site yours?</h2>
          <p>
            With your permission we remember the pages you visit and what you click on this site, so we can show the cars and offers that fit you. Nothing
            is stored until you say yes, and you can change your mind at any time under <a href={privacyHref}>Privacy choices</a>.
          </p>
        </div>
        <form method="post" action={action} className="consent-actions">
          <input type="hidden" name="next" value={next} />
          <button type="submit" name="choice" value="accept" className="button">
            Yes, personalize
          </button>
          <button type="submit" name="choice" value="decline" className="button">
            No, thanks
          </button>
        </form>
      </div>
    </section>
  );
}

export interface PreviewBannerProps {
  /** e.g. "as persona Family buyer, from SE on a phone". */
  words: string;
  leaveHref: string;
}

/** Says whose visit an editor's preview shows, with the way out. */
export function PreviewBanner({ words, leaveHref }: PreviewBannerProps) {
  return (
    <div className="preview-banner" role="status" data-testid="preview-banner">
      <div className="wrap preview-row">
        <p>
          <strong>Preview</strong> — {words}. You see the latest saved version, drafts included; nothing is recorded, and links to other pages stay in the
          preview for up to an hour.
        </p>
        <a className="button small" href={leaveHref} data-testid="leave-preview">
          Leave preview
        </a>
      </div>
    </div>
  );
}
