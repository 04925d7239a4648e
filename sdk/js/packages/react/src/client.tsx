"use client";
/**
 * For client components: the decision the server made, passed down once (no second API call, no
 * flash), and event reporting for visitors who allowed it.
 */
import type { Decision, Variant } from "@tailor/client";
import { createContext, useCallback, useContext, useEffect, type ReactNode } from "react";

export interface TailorContextValue {
  decision: Decision | null;
  variant: Variant | null;
  /** Events are reported only for visitors with an id (consent given). */
  tracking: boolean;
  /** The site's route handler that forwards events to `trackEvent`, e.g. `/api/tailor/track`. */
  trackUrl: string;
  path: string;
}

const TailorContext = createContext<TailorContextValue | null>(null);

export function TailorProvider({ children, ...value }: TailorContextValue & { children?: ReactNode }) {
  return <TailorContext.Provider value={value}>{children}</TailorContext.Provider>;
}

export function useTailor(): TailorContextValue {
  const value = useContext(TailorContext);
  if (!value) throw new Error("useTailor() needs a <TailorProvider> above it (render one in the page with the server's decision).");
  return value;
}

export function useDecision(): Decision | null {
  return useTailor().decision;
}

export function useVariant(): Variant | null {
  return useTailor().variant;
}

export type Track = (type: string, extra?: { value?: number; properties?: Record<string, unknown> }) => boolean;

/** A function that reports an event (sendBeacon, falling back to fetch); false when tracking is off. */
export function useTrack(): Track {
  const { tracking, trackUrl, path, variant } = useTailor();
  return useCallback<Track>(
    (type, extra) => {
      if (!tracking || typeof window === "undefined") return false;
      const body = JSON.stringify({ type, path, variantId: variant?.id ?? null, ...extra });
      if (navigator.sendBeacon?.(trackUrl, new Blob([body], { type: "application/json" }))) return true;
      void fetch(trackUrl, { method: "POST", body, headers: { "Content-Type": "application/json" }, keepalive: true }).catch(() => undefined);
      return true;
    },
    [tracking, trackUrl, path, variant],
  );
}

/** Reports clicks on `[data-track]` elements (CTAs, downloads), as the reference site's track.js does. */
export function TrackClicks() {
  const track = useTrack();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const target = (event.target as Element | null)?.closest?.("[data-track]");
      const type = target?.getAttribute("data-track");
      if (type) track(type, { properties: { label: target?.getAttribute("data-track-label") ?? "" } });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [track]);
  return null;
}
