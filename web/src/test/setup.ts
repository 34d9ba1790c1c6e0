import "@testing-library/jest-dom/vitest";

// Ant Design reads these browser APIs that jsdom does not have.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
window.getComputedStyle = ((get) => (elt: Element) => get(elt))(window.getComputedStyle.bind(window));
