import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

type Variant = "primary" | "secondary" | "danger" | "ghost";
const variants: Record<Variant, string> = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-400",
  secondary:
    "border border-slate-400 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-500",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-400",
  ghost: "text-blue-800 underline-offset-2 hover:underline disabled:text-slate-500",
};

/** "small" fits a header line (the frame's sign-out). */
type Size = "normal" | "small";
const sizes: Record<Size, string> = {
  normal: "min-h-10 px-4 py-2",
  small: "min-h-9 px-3 py-1",
};

export function Button({
  variant = "primary",
  size = "normal",
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size }) {
  return (
    <button
      type="button"
      {...props}
      className={cn(
        "inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium disabled:cursor-not-allowed",
        sizes[size],
        focusRing,
        variants[variant],
        className,
      )}
    />
  );
}
