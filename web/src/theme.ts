// Ant Design themes: the standard one and the elder-friendly one (大字模式): 20px type, taller
// controls and near-black text on white for contrast (WCAG AAA for body text).
import type { ThemeConfig } from 'antd';

const brand = '#1f6f5c'; // 颐养 green: calm, and 6.2:1 against white
const FONT_FAMILY = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif';

export const standardTheme: ThemeConfig = {
  token: { colorPrimary: brand, colorLink: brand, borderRadius: 6, fontFamily: FONT_FAMILY },
  components: { Menu: { itemSelectedBg: '#e1f0eb', itemSelectedColor: brand, itemActiveBg: '#eef6f3' } },
};

export const elderTheme: ThemeConfig = {
  token: {
    ...standardTheme.token,
    colorPrimary: '#0b4f3f',
    colorText: '#000000',
    colorTextSecondary: '#1a1a1a',
    colorTextTertiary: '#333333',
    colorTextDescription: '#222222',
    colorBorder: '#595959',
    colorLink: '#0a3d8f',
    fontSize: 20,
    fontSizeLG: 22,
    fontSizeSM: 18,
    fontSizeHeading1: 36,
    fontSizeHeading2: 30,
    fontSizeHeading3: 26,
    fontSizeHeading4: 23,
    controlHeight: 48,
    controlHeightLG: 56,
    controlHeightSM: 36,
    lineWidth: 2,
  },
  components: {
    Menu: {
      itemHeight: 56,
      iconSize: 22,
      itemSelectedBg: '#d5ebe3',
      itemSelectedColor: '#003d2f',
      itemColor: '#000000',
    },
    Table: { cellPaddingBlock: 14 },
  },
};

/** Chart text sizes follow the mode too (ECharts is outside antd's theme). */
export const chartFont = (elderMode: boolean) => ({
  fontSize: elderMode ? 18 : 12,
  color: elderMode ? '#000' : '#444',
  fontFamily: FONT_FAMILY,
});
