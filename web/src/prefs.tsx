// The two user preferences the whole UI follows: language and elder-friendly mode (大字模式).
// Both live in localStorage so a shared terminal in a community office keeps its setting.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setApiLanguage } from './api.ts';
import { type Lang, type MessageKey, pick, type Text, translate } from './i18n.ts';

const LANG_KEY = 'yiyang.lang';
const ELDER_KEY = 'yiyang.elderMode';

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return allowed.includes(v as T) ? (v as T) : fallback;
  } catch {
    return fallback; // storage blocked (private mode): defaults
  }
}

export interface Prefs {
  lang: Lang;
  setLang(lang: Lang): void;
  elderMode: boolean;
  setElderMode(on: boolean): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Picks the current language from a {zh, en} pair. */
  tx(text: Text): string;
}

const PrefsContext = createContext<Prefs | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => stored(LANG_KEY, ['zh-CN', 'en'], 'zh-CN'));
  const [elderMode, setElderState] = useState(() => stored(ELDER_KEY, ['1', '0'], '0') === '1');
  // Set synchronously so the very first requests already carry the right Accept-Language.
  setApiLanguage(lang);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.body.classList.toggle('elder-mode', elderMode);
  }, [lang, elderMode]);

  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  }, []);
  const setElderMode = useCallback((on: boolean) => {
    localStorage.setItem(ELDER_KEY, on ? '1' : '0');
    setElderState(on);
  }, []);

  const value = useMemo<Prefs>(
    () => ({
      lang,
      setLang,
      elderMode,
      setElderMode,
      t: (key, params) => translate(lang, key, params),
      tx: (text) => pick(lang, text),
    }),
    [lang, elderMode, setLang, setElderMode],
  );
  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): Prefs {
  const p = useContext(PrefsContext);
  if (!p) throw new Error('usePrefs outside PrefsProvider');
  return p;
}
