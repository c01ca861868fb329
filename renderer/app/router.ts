/**
 * A hash router: in-page navigation only, so the Electron shell's navigation guard (which denies every
 * real navigation) never has to make an exception.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { readonly name: 'cases' }
  | { readonly name: 'newCase' }
  | { readonly name: 'case'; readonly id: string }
  | { readonly name: 'settings' }
  | { readonly name: 'verify' }
  | { readonly name: 'received' }
  | { readonly name: 'receivedCase'; readonly id: string }
  | { readonly name: 'statistics' }
  | { readonly name: 'overdue' }
  | { readonly name: 'about' };

const CASE_ROUTE = /^cases\/([0-9a-f-]{36})$/;
const RECEIVED_ROUTE = /^received\/([0-9a-f-]{36})$/;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const caseId = CASE_ROUTE.exec(path)?.[1];
  if (caseId !== undefined) return { name: 'case', id: caseId };
  const receivedId = RECEIVED_ROUTE.exec(path)?.[1];
  if (receivedId !== undefined) return { name: 'receivedCase', id: receivedId };
  switch (path) {
    case 'cases/new':
      return { name: 'newCase' };
    case 'settings':
      return { name: 'settings' };
    case 'verify':
      return { name: 'verify' };
    case 'received':
      return { name: 'received' };
    case 'statistics':
      return { name: 'statistics' };
    case 'overdue':
      return { name: 'overdue' };
    case 'about':
      return { name: 'about' };
    default:
      return { name: 'cases' };
  }
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'cases':
      return '#/cases';
    case 'newCase':
      return '#/cases/new';
    case 'case':
      return `#/cases/${route.id}`;
    case 'settings':
      return '#/settings';
    case 'verify':
      return '#/verify';
    case 'received':
      return '#/received';
    case 'receivedCase':
      return `#/received/${route.id}`;
    case 'statistics':
      return '#/statistics';
    case 'overdue':
      return '#/overdue';
    case 'about':
      return '#/about';
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => { setRoute(parseRoute(window.location.hash)); };
    window.addEventListener('hashchange', onChange);
    return () => { window.removeEventListener('hashchange', onChange); };
  }, []);
  return route;
}
