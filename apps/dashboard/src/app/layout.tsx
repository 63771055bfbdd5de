import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { connection } from "next/server";
import { AuthNotice } from "@/components/auth-notice";
import { TokenField } from "@/components/token-field";
import "./globals.css";

export const metadata: Metadata = {
  title: "GemSweep",
  description: "Sweeps over the GEM activation family: launch, watch, compare, export",
};

// Every page is rendered per request: the Content-Security-Policy's nonce (proxy.ts) is new
// each time, and Next stamps it on its scripts while rendering.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            GemSweep
          </Link>
          <nav>
            <Link href="/">Sweeps</Link>
            <Link href="/sweeps/new">New sweep</Link>
            <Link href="/compare">Compare</Link>
            <Link href="/workers">Workers</Link>
            <Link href="/docs/api">API</Link>
          </nav>
          <span className="topbar-right">
            <Link href="/audit">Audit</Link>
            <TokenField />
          </span>
        </header>
        <AuthNotice />
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
