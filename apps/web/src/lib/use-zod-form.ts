"use client";
// Form state validated by the very Zod schema the procedure uses (no copied rules): errors
// show under a field once it has been typed in or the form was submitted, server field
// errors (data.fields from the errorFormatter) show until that field is edited again, and
// what the user typed is never cleared by a failure.
import { useMemo, useState, useSyncExternalStore, type ChangeEvent, type FormEvent } from "react";
import type { z } from "zod";
import "./zod-csp";

/** Nothing to subscribe to: useSyncExternalStore is used only for its server/client snapshot split. */
const noSubscribe = () => () => {};

/** False in the server render, true once React owns the page (forms mark `data-ready` with it). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}

export type FormValues = Record<string, string | string[]>;
type FieldErrors = Record<string, string[]>;

function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues)
    (fields[issue.path.length ? String(issue.path[0]) : "_"] ??= []).push(issue.message);
  return fields;
}

export function useZodForm<S extends z.ZodType, V extends FormValues>(
  schema: S,
  initial: V,
  formId: string,
) {
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrorsState] = useState<FieldErrors>({});
  // Set once React owns the inputs (hydrated): tests and tools can wait for it before typing.
  const ready = useHydrated();

  const parsed = useMemo(() => schema.safeParse(values), [schema, values]);
  const clientErrors = parsed.success ? {} : issuesToFields(parsed.error.issues);

  function errorFor(name: keyof V & string): string | undefined {
    const server = serverErrors[name];
    if (server?.length) return server[0];
    return touched[name] || submitted ? clientErrors[name]?.[0] : undefined;
  }

  function setValue<K extends keyof V & string>(name: K, value: V[K]) {
    setValues((v) => ({ ...v, [name]: value }));
    setTouched((t) => ({ ...t, [name]: true }));
    setServerErrorsState(({ [name]: _dropped, ...rest }) => rest);
  }

  /** Props for a text input or textarea bound to `name`. */
  function field(name: keyof V & string) {
    const error = errorFor(name);
    return {
      id: `${formId}-${name}`,
      name,
      value: values[name] as string,
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
        setValue(name, e.target.value as V[typeof name]),
      error,
    };
  }

  /** onValid may be async; its promise is the handler's own business (it catches what it shows). */
  function handleSubmit(onValid: (data: z.output<S>) => void | Promise<void>) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setSubmitted(true);
      if (!parsed.success) {
        // Focus the first field with an error so keyboard and screen-reader users land on it.
        const first = Object.keys(clientErrors)[0];
        event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
        return;
      }
      void onValid(parsed.data);
    };
  }

  return {
    /** Spread onto the <form>: `data-ready` appears once the form is interactive. */
    formProps: { "data-ready": ready ? "" : undefined, noValidate: true },
    values,
    setValue,
    field,
    errorFor,
    handleSubmit,
    setServerErrors: (fields: FieldErrors | undefined) => setServerErrorsState(fields ?? {}),
    reset: (next: V = initial) => {
      setValues(next);
      setTouched({});
      setSubmitted(false);
      setServerErrorsState({});
    },
  };
}
