/** One Tailor setup for the whole site, from the environment (TAILOR_API_URL, PERSONALIZATION_SERVER_KEY, …). */
import { configFromEnv, createTailor, createTailorRoutes } from "@tailor/next";
import { INTERESTS, TRACKABLE_EVENTS } from "./site";

export const config = configFromEnv();
export const tailor = createTailor(config);
export const routes = createTailorRoutes(config, { trackableEvents: TRACKABLE_EVENTS, interests: INTERESTS.map(([slug]) => slug) });
