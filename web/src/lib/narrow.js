// true on phone-width screens (≤ 720 px), following the window as it changes.
import { ref, onBeforeUnmount } from 'vue';

export function useNarrow() {
  const mq = window.matchMedia('(max-width: 720px)');
  const narrow = ref(mq.matches);
  const on = (e) => { narrow.value = e.matches; };
  mq.addEventListener('change', on);
  onBeforeUnmount(() => mq.removeEventListener('change', on));
  return narrow;
}
