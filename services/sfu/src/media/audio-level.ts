// LiveKit's defaults: a packet is loud at 35 dBov or more, a speaker is active when at least 40 %
// of an interval's packets are loud, and levels are smoothed over two intervals.
const ACTIVE_LEVEL = 35;
const MIN_PERCENTILE = 40;
const SMOOTH_INTERVALS = 2;

/** What a meter says about the last interval. */
export interface SpeakingLevel {
  active: boolean;
  /** Linear level in 0..1 (1 = full scale). */
  level: number;
}

/**
 * Turns RFC 6464 audio levels (0 = loudest, 127 = silence, in -dBov) of one audio track into
 * "is speaking" and a smoothed level, one interval at a time.
 */
export class AudioLevelMeter {
  private loudSum = 0;
  private loudCount = 0;
  private total = 0;
  private smoothed = 0;

  /** Records the level of one packet. */
  add(level: number, _nowMs: number): void {
    this.total++;
    if (level <= ACTIVE_LEVEL) {
      this.loudCount++;
      this.loudSum += level;
    }
  }

  /** Closes the current interval and returns the speaking state. */
  take(): SpeakingLevel {
    let current = 0;
    if (this.total > 0 && (this.loudCount * 100) / this.total >= MIN_PERCENTILE) {
      const meanDbov = this.loudSum / this.loudCount;
      current = Math.pow(10, -meanDbov / 20);
    }
    this.smoothed = this.smoothed + (current - this.smoothed) / SMOOTH_INTERVALS;
    if (current === 0 && this.smoothed < 0.001) this.smoothed = 0;
    this.loudSum = 0;
    this.loudCount = 0;
    this.total = 0;
    return {
      active: current > 0,
      level: current > 0 ? Math.max(this.smoothed, current / SMOOTH_INTERVALS) : 0,
    };
  }

  /** Forgets everything (track muted). */
  reset(): void {
    this.loudSum = 0;
    this.loudCount = 0;
    this.total = 0;
    this.smoothed = 0;
  }
}
