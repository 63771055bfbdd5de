import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "GemSweep",
  description: "Sweeps over the GEM activation family: launch, watch, compare, export",
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
