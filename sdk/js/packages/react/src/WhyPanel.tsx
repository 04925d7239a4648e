/** "Why am I seeing this?" with "This isn't me": what was decided, in words a visitor can read. */
import type { Decision, Persona, Variant } from "@tailor/client";
import { explain, plainReasons, publicNames } from "./words";

export interface WhyPanelProps {
  decision: Decision;
  variant: Variant | null;
  /** The visitor has an id (gave consent): they may correct the guess. */
  visitorId: string | null;
  /** GPC/DNT and no explicit choice: said so, with the way to allow personalization. */
  gpc?: boolean;
  consent?: string | null;
  /** An editor's preview: nobody's visit, nothing to correct. */
  preview?: boolean;
  /** Personas the visitor may pick (only those with a public name are offered). */
  personas?: readonly Persona[];
  /** Interests the visitor may declare: [slug, label]. */
  interests?: ReadonlyArray<readonly [string, string]>;
  /** The declare route handler, e.g. `/api/tailor/declare`. */
  declareAction: string;
  privacyHref: string;
  path: string;
}

export function WhyPanel(props: WhyPanelProps) {
  const { decision, variant } = props;
  const personas = (props.personas ?? []).filter((p) => p.publicName);
  const reasons = plainReasons(decision.reasons, publicNames(decision.persona, props.personas ?? []));
  return (
    <aside className="why wrap" id="why" aria-labelledby="why-title">
      <details data-testid="why-panel">
        <summary id="why-title">Why am I seeing this?</summary>
        <div className="why-body">
          <dl className="facts">
            {explain(decision, variant).map(([label, words]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{words}</dd>
              </div>
            ))}
          </dl>
          {reasons.length ? (
            <>
              <h3>The reasons, one by one</h3>
              <ul className="reasons" data-testid="why-reasons">
                {reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </>
          ) : null}
          <section className="not-me" aria-labelledby="not-me-title">
            <h3 id="not-me-title">This isn&apos;t me</h3>
            <NotMe {...props} personas={personas} />
          </section>
        </div>
      </details>
    </aside>
  );
}

function NotMe({ preview, visitorId, gpc, consent, personas, interests, declareAction, privacyHref, path }: WhyPanelProps) {
  if (preview) return <p>This is an editor&apos;s preview: it is nobody&apos;s visit, so there is no profile to correct here.</p>;
  if (!visitorId) {
    if (gpc && consent == null) {
      return (
        <p>
          Your browser sends Global Privacy Control, so we do not remember anything about you, and there is no profile to correct. What you see depends
          only on this one request. You can still <a href={privacyHref}>allow personalization</a>.
        </p>
      );
    }
    return (
      <p>
        We do not remember you, so there is nothing to correct: what you see depends only on this one request. To tell us what you are looking for,{" "}
        <a href={privacyHref}>allow personalization</a> first.
      </p>
    );
  }
  return (
    <>
      <p>Tell us what you are looking for and we will show you that instead. You can undo it at any time.</p>
      <form method="post" action={declareAction} className="declare-form">
        <input type="hidden" name="next" value={path} />
        {personas?.length ? (
          <p>
            <label htmlFor="declare-persona">I am mostly</label>
            <select id="declare-persona" name="persona" defaultValue="">
              <option value="">(let the site work it out)</option>
              {personas.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.publicName}
                  {p.publicDescription ? `: ${p.publicDescription}` : ""}
                </option>
              ))}
            </select>
          </p>
        ) : null}
        <fieldset>
          <legend>I am interested in</legend>
          {(interests ?? []).map(([slug, label]) => (
            <label className="check" key={slug}>
              <input type="checkbox" name="interest" value={slug} /> {label}
            </label>
          ))}
        </fieldset>
        <p className="form-actions">
          <button type="submit" name="action" value="declare" className="button">
            Show me that
          </button>
          <button type="submit" name="action" value="reset" className="button secondary">
            Forget what I told you
          </button>
        </p>
      </form>
    </>
  );
}
