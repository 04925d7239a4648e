// Server-safe components (no hooks): render them in React Server Components or anywhere.
// Provider and hooks for client components: "@tailor/react/client".
export { Article } from "./Article";
export type { ArticleProps } from "./Article";
export { ConsentBanner, PreviewBanner } from "./ConsentBanner";
export type { ConsentBannerProps, PreviewBannerProps } from "./ConsentBanner";
export { WhyPanel } from "./WhyPanel";
export type { WhyPanelProps } from "./WhyPanel";
export { CHANNEL_WORDS, DEVICE_WORDS, explain, plainReasons, publicNames } from "./words";
export { absolute, flattenBlocks, imageView, isDownload } from "./images";
export type { ImageView } from "./images";
