import { Component, type ReactNode } from 'react';

interface Props {
  readonly title: string;
  readonly message: string;
  readonly reloadLabel: string;
  readonly children: ReactNode;
}

/** Shows a calm message instead of a blank window. Logs the error's name only: never case data. */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('Attest: screen error', error instanceof Error ? error.name : 'unknown');
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="page" role="alert">
        <h1>{this.props.title}</h1>
        <p>{this.props.message}</p>
        <button type="button" onClick={() => { window.location.reload(); }}>
          {this.props.reloadLabel}
        </button>
      </main>
    );
  }
}
