"use client";
// The theme picker: System (follows the OS, live), Light or Dark; the choice persists.
import { useEffect, useId, useState } from "react";
import { applyTheme, THEME_STORAGE_KEY, THEMES, type Theme } from "@/lib/theme";
import { focusRing } from "./ui";

function storedTheme(): Theme {
  const value = window.localStorage.getItem(THEME_STORAGE_KEY);
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

export function ThemeToggle() {
  const id = useId();
  // "system" on the server and the first client render; the stored choice after mount.
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const stored = storedTheme();
    setTheme(stored);
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme(storedTheme());
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);
  return (
    <div className="flex items-center gap-1 text-sm">
      <label htmlFor={id} className="sr-only">
        Theme
      </label>
      <select
        id={id}
        data-testid="theme-toggle"
        value={theme}
        onChange={(e) => {
          const next = e.target.value as Theme;
          setTheme(next);
          if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
          else window.localStorage.setItem(THEME_STORAGE_KEY, next);
          applyTheme(next);
        }}
        className={`rounded-md border border-slate-400 bg-white px-2 py-1 ${focusRing}`}
      >
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}
