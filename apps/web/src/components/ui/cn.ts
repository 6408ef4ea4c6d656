// Class names for the primitives: clsx joins the conditional parts. A primitive never takes a
// class that competes with one of its own (same property): what callers may change is a prop
// (Button's size, Select's compact), so the stylesheet's order never decides.
import { clsx, type ClassValue } from "clsx";

export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
