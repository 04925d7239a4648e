/** Privacy choices: change the consent later, download or erase what is stored. */
import { safeNext } from "@tailor/client";
import { Shell } from "@/components/Shell";
import { BRAND } from "@/lib/site";
import { tailor } from "@/lib/tailor";

export const metadata = { title: `Privacy choices · ${BRAND}` };

export default async function Privacy({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNext(typeof raw === "string" ? raw : null);
  const { state } = await tailor.visitor();
  const status =
    state.consent === "granted"
      ? "You allowed personalization: we remember the pages you visit and what you click on this site."
      : state.consent === "declined"
        ? "You declined personalization: we remember nothing about you."
        : state.gpc
          ? "Your browser sends Global Privacy Control, which we treat as a no: we remember nothing about you."
          : "You have not chosen yet, so we remember nothing about you.";
  return (
    <Shell path="/_privacy/" showBanner={false}>
      <div className="wrap narrow prose">
        <h1>Privacy choices</h1>
        <p data-testid="privacy-status">{status}</p>
        <p>
          Either way, each page may still be adapted to what your browser sends with that one request: your approximate location from your network address,
          your kind of device, and the link you came from.
        </p>
        <form method="post" action="/_consent/" className="consent-actions">
          <input type="hidden" name="next" value={next} />
          <button type="submit" name="choice" value="accept" className="button">
            Allow personalization
          </button>
          <button type="submit" name="choice" value="decline" className="button">
            Don&apos;t allow, and erase what you stored
          </button>
        </form>
        {state.visitorId ? (
          <p>
            <a href="/_privacy/export/">Download everything we store about you</a> (JSON).
          </p>
        ) : null}
        <p>
          <a href={next}>Back to where you were</a>
        </p>
      </div>
    </Shell>
  );
}
