// The CMS's publish webhook: signed with TAILOR_WEBHOOK_SECRET, expires the cache tags at once.
import { createRevalidateHandler } from "@tailor/next/webhook";
import { config } from "@/lib/tailor";

export const POST = createRevalidateHandler({ secret: config.webhookSecret });
