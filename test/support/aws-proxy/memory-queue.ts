/**
 * One in-memory SQS standard queue: O(1) per message received or deleted (moto 5.2 scans the whole
 * queue several times per returned message). Visible messages sit in a list, oldest first;
 * in-flight ones in a min-heap by the time they become visible again. Entries in both may be stale:
 * each carries the message's generation, bumped on every state change, and a stale one is skipped.
 */

export interface QueuedMessage {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  firstReceiveAt?: number;
  receiveCount: number;
  generation: number;
  inflight: boolean;
  visibleAt: number;
  handles: string[];
}

interface HeapEntry {
  at: number;
  message: QueuedMessage;
  generation: number;
}

export class MemoryQueue {
  readonly messages = new Map<string, QueuedMessage>();
  private ready: { message: QueuedMessage; generation: number }[] = [];
  private head = 0;
  private heap: HeapEntry[] = [];
  inflightCount = 0;
  attributes: Record<string, string>;
  readonly created: number;

  constructor(
    readonly name: string,
    readonly url: string,
    readonly arn: string,
    attributes: Record<string, string>,
    now: number,
  ) {
    this.created = now;
    this.attributes = {
      VisibilityTimeout: '30',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      ...attributes,
    };
  }

  add(message: QueuedMessage): void {
    this.messages.set(message.id, message);
    this.ready.push({ message, generation: message.generation });
  }

  /** Moves messages whose visibility timeout ran out back to the visible list. */
  expire(now: number): void {
    while (this.heap.length && this.heap[0]!.at <= now) {
      const { message, generation } = heapPop(this.heap);
      if (generation !== message.generation || !message.inflight || !this.messages.has(message.id)) continue;
      message.inflight = false;
      message.generation++;
      this.inflightCount--;
      this.ready.push({ message, generation: message.generation });
    }
  }

  nextVisible(): QueuedMessage | undefined {
    while (this.head < this.ready.length) {
      const { message, generation } = this.ready[this.head++]!;
      if (generation === message.generation && !message.inflight && this.messages.has(message.id)) return message;
    }
    if (this.head > 0) {
      this.ready = [];
      this.head = 0;
    }
    return undefined;
  }

  /** Drops the list's consumed front once it is most of the list. */
  compact(): void {
    if (this.head > 4096 && this.head > this.ready.length / 2) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }

  hide(message: QueuedMessage, seconds: number, now: number): void {
    if (!message.inflight) this.inflightCount++;
    message.inflight = true;
    message.generation++;
    message.visibleAt = now + seconds * 1000;
    heapPush(this.heap, { at: message.visibleAt, message, generation: message.generation });
  }

  /** Makes an in-flight message visible at `seconds` from now (ChangeMessageVisibility). */
  setVisibility(message: QueuedMessage, seconds: number, now: number): void {
    if (seconds === 0) {
      if (message.inflight) this.inflightCount--;
      message.inflight = false;
      message.generation++;
      this.ready.push({ message, generation: message.generation });
    } else this.hide(message, seconds, now);
  }

  remove(message: QueuedMessage): void {
    if (this.messages.delete(message.id) && message.inflight) this.inflightCount--;
    message.generation++;
  }

  purge(): void {
    this.messages.clear();
    this.ready = [];
    this.head = 0;
    this.heap = [];
    this.inflightCount = 0;
  }
}

function heapPush(heap: HeapEntry[], entry: HeapEntry): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.at <= heap[i]!.at) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function heapPop(heap: HeapEntry[]): HeapEntry {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
      if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
      if (smallest === i) break;
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
  return top;
}
