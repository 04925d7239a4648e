import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TailorProvider, useDecision, useTrack, useVariant } from "../src/client";
import { FAMILY, decision } from "./fixtures";

function Shows() {
  const d = useDecision();
  const v = useVariant();
  const track = useTrack();
  return <p>{`${d?.persona?.slug} ${v?.id} ${String(track("cta_click"))}`}</p>;
}

describe("hooks", () => {
  it("give client components the server's decision, with no second request", () => {
    const html = renderToStaticMarkup(
      <TailorProvider decision={decision()} variant={FAMILY} tracking trackUrl="/api/tailor/track" path="/">
        <Shows />
      </TailorProvider>,
    );
    expect(html).toBe("<p>family page:3:family false</p>"); // no window on the server: nothing sent
  });
  it("say clearly when the provider is missing", () => {
    expect(() => renderToStaticMarkup(<Shows />)).toThrow(/TailorProvider/);
  });
});
