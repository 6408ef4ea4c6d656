// Class names for the primitives: clsx joins the conditional parts, tailwind-merge lets a
// caller's utility replace the primitive's own (className="w-auto" drops the built-in "w-full")
// instead of both landing in the markup and the stylesheet's order deciding.
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
