"use client";
// The app's forms: react-hook-form with the Zod resolver on the very schema the procedure uses
// (no copied rules). A field's error shows once it has been typed in or the form was submitted;
// server field errors (data.fields from the errorFormatter) land on the same fields through
// setError and stay until that field is edited again; what the user typed is never cleared by
// a failure; on a failed submit the first field in error gets the focus.
//
// This file only adapts react-hook-form to the fields in components/ui (id, label, error) so
// each form states its schema and defaults, not the wiring.
import { zodResolver } from "@hookform/resolvers/zod";
import type { FormEvent } from "react";
import {
  useForm,
  useWatch,
  type DefaultValues,
  type FieldPath,
  type PathValue,
  type Resolver,
} from "react-hook-form";
import type { z } from "zod";
import { useHydrated } from "./use-hydrated";

export type FormValues = Record<string, string | string[]>;
type FieldErrors = Record<string, string[]>;

export function useZodForm<S extends z.ZodType, V extends FormValues>(
  schema: S,
  initial: V,
  formId: string,
) {
  const form = useForm<V, unknown, z.output<S>>({
    // The resolver's overloads cannot see through the generic S; it is the same schema.
    resolver: zodResolver(schema as never) as unknown as Resolver<V, unknown, z.output<S>>,
    defaultValues: initial as DefaultValues<V>,
    // Validate a field as it is typed in (after the first keystroke), the whole form on submit.
    mode: "onChange",
  });
  // Read during render so react-hook-form re-renders this form when errors change.
  const { errors } = form.formState;
  const values = useWatch({ control: form.control }) as V;
  // Set once React owns the inputs (hydrated): tests and tools can wait for it before typing.
  const ready = useHydrated();

  function errorFor(name: keyof V & string): string | undefined {
    const error = errors[name] as { message?: string } | undefined;
    return error?.message;
  }

  /** Props for a text input, select or textarea of components/ui bound to `name`. */
  function field(name: keyof V & string) {
    const path = name as FieldPath<V>;
    return {
      id: `${formId}-${name}`,
      // The server render shows the initial value too (uncontrolled inputs take it from here).
      defaultValue: initial[name] as string,
      ...form.register(path),
      error: errorFor(name),
    };
  }

  /** For values no input holds directly (a group of checkboxes): validated like typing. */
  function setValue<K extends keyof V & string>(name: K, value: V[K]) {
    form.setValue(name as unknown as FieldPath<V>, value as PathValue<V, FieldPath<V>>, {
      shouldValidate: true,
      shouldDirty: true,
      shouldTouch: true,
    });
  }

  /** onValid may be async; its promise is the handler's own business (it catches what it shows). */
  function handleSubmit(onValid: (data: z.output<S>) => void | Promise<void>) {
    return (event: FormEvent<HTMLFormElement>) => {
      void form.handleSubmit(onValid)(event);
    };
  }

  function setServerErrors(fields: FieldErrors | undefined) {
    form.clearErrors();
    let first = true;
    for (const [name, messages] of Object.entries(fields ?? {})) {
      const message = messages[0];
      if (!message || !(name in initial)) continue;
      // The first field the server refused gets the focus, as a client-side failure's would.
      form.setError(name as FieldPath<V>, { type: "server", message }, { shouldFocus: first });
      first = false;
    }
  }

  return {
    /** Spread onto the <form>: `data-ready` appears once the form is interactive. */
    formProps: { "data-ready": ready ? "" : undefined, noValidate: true },
    values,
    setValue,
    field,
    errorFor,
    handleSubmit,
    setServerErrors,
    reset: (next: V = initial) => {
      form.reset(next);
    },
  };
}
