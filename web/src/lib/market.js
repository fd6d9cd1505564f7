// 科技大市场 categories (PRODUCT.md §3.6, the seeds' seven) as views of the records the platform
// holds today: each names which list it shows and with which filters of the list API.
import { markRaw } from 'vue';
import { Trophy, Connection, Document, Cpu, ChatDotRound, SetUp, Money } from '@element-plus/icons-vue';

export const CATEGORIES = [
  { key: 'release', name: '成果发布', icon: markRaw(Trophy), desc: '高校院所已发布的科技成果', kind: 'achievements', query: {} },
  { key: 'trade', name: '技术交易', icon: markRaw(Connection), desc: '可转让的成果（挂牌、拍卖、协议定价）', kind: 'achievements', query: { transfer_mode: 'transfer' } },
  { key: 'ip', name: '知识产权', icon: markRaw(Document), desc: '以专利等知识产权许可实施的成果', kind: 'achievements', query: { transfer_mode: 'license' } },
  { key: 'develop', name: '技术开发', icon: markRaw(Cpu), desc: '企业出题：需要联合攻关的技术难题', kind: 'demands', query: { kind: 'tech_problem' } },
  { key: 'consult', name: '科技咨询', icon: markRaw(ChatDotRound), desc: '寻求技术咨询与服务的需求', kind: 'demands', query: { cooperation_mode: 'consulting' } },
  { key: 'service', name: '技术服务', icon: markRaw(SetUp), desc: '设备、检测与中试服务需求', kind: 'demands', query: { kind: 'equipment' } },
  { key: 'finance', name: '投融资对接', icon: markRaw(Money), desc: '科技项目投融资需求与作价投资的成果', kind: 'demands', query: { kind: 'finance' }, also: { kind: 'achievements', query: { transfer_mode: 'equity' }, name: '可作价投资的成果' } },
];
export const byKey = (k) => CATEGORIES.find((c) => c.key === k) || null;
