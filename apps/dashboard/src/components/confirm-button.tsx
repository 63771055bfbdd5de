"use client";
// Why: destructive actions (cancel a sweep, drain a worker) ask first, in a modal <dialog> that says what will happen.

import { useRef, type ReactNode } from "react";

interface Props {
  /** The button that opens the dialog. */
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** data-testid of the button; the dialog is `${testId}-dialog`, its confirm button `${testId}-confirm`. */
  testId: string;
}

/** A button that opens a confirmation dialog; `onConfirm` runs only when the user confirms. */
export function ConfirmButton({ label, title, children, confirmLabel, onConfirm, testId }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button className="danger" onClick={() => dialog.current?.showModal()} data-testid={testId}>
        {label}
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        data-testid={`${testId}-dialog`}
        aria-labelledby={`${testId}-title`}
      >
        <h3 id={`${testId}-title`}>{title}</h3>
        <div className="confirm-body">{children}</div>
        <div className="controls confirm-actions">
          <button autoFocus onClick={() => dialog.current?.close()} data-testid={`${testId}-keep`}>
            Keep it
          </button>
          <button
            className="danger"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
            data-testid={`${testId}-confirm`}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
