import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BRAND } from "@/lib/site";
import "./globals.css";

export const metadata: Metadata = { title: BRAND };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
