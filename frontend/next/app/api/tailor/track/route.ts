import type { NextRequest } from "next/server";
import { routes } from "@/lib/tailor";

export const POST = (request: NextRequest) => routes.track(request);
