"use client";
// The theme picker: System (follows the OS, live), Light or Dark; the choice persists.
import { useEffect, useId, useSyncExternalStore } from "react";
import { applyTheme, THEME_STORAGE_KEY, THEMES, type Theme } from "@/lib/theme";
import { Select } from "./ui/fields";

const CHANGED = "taskfort-theme-change";

function storedTheme(): Theme {
  const value = window.localStorage.getItem(THEME_STORAGE_KEY);
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

/** The stored choice (and other tabs' changes to it); "system" while rendering on the server. */
function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

export function ThemeToggle() {
  const id = useId();
  const theme = useSyncExternalStore(subscribe, storedTheme, () => "system" as const);
  // "System" follows the OS while the page is open. The first paint's theme is the <head>
  // script's; applying it here again would only risk a flash while hydration settles.
  useEffect(() => {
    if (theme !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [theme]);
  return (
    <div className="flex items-center gap-1">
      {/* Half sun, half moon: what the select is about, its name ("Theme") being for screen readers. */}
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-700">
        <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10 3a7 7 0 0 1 0 14z" fill="currentColor" />
      </svg>
      <Select
        id={id}
        label="Theme"
        hideLabel
        compact
        data-testid="theme-toggle"
        value={theme}
        onChange={(e) => {
          const next = e.target.value as Theme;
          if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
          else window.localStorage.setItem(THEME_STORAGE_KEY, next);
          applyTheme(next);
          window.dispatchEvent(new Event(CHANGED));
        }}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </Select>
    </div>
  );
}
