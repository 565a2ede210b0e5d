// The site's main navigation, in the order the header shows it.

/** One link in the header's navigation. */
export interface NavigationItem {
  readonly href: string;
  readonly text: string;
}

/** The header's navigation: a parent's main routes through the site. */
export const navigation: readonly NavigationItem[] = [
  { href: "/what-is-portage", text: "What Portage is" },
  { href: "/how-portage-works", text: "How it works" },
  { href: "/check-eligibility", text: "Check eligibility" },
  { href: "/protocol", text: "Our protocol" },
  { href: "/refer", text: "Refer your child" },
];

/** True when `item` is the current page or a page beneath it. */
export function isCurrent(item: NavigationItem, pathname: string): boolean {
  const path = pathname.replace(/\/+$/, "") || "/";
  return path === item.href || path.startsWith(`${item.href}/`);
}
