import type { NextRequest } from "next/server";
import { routes } from "@/lib/tailor";

export const GET = (request: NextRequest) => routes.exportData(request);
