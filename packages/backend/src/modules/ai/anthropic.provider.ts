import Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../../config.js';
import type { AiProvider, LlmReply, LlmRequest } from './ai.provider.js';

/**
 * Anthropic Messages API through the official SDK. `baseUrl` (ANTHROPIC_BASE_URL) points tests at
 * a local fake; SDK retries are off — `completeJson` owns the one retry, and a timeout falls back
 * to the offline engine at once instead of making the user wait several timeouts.
 */
export function createAiProvider(config: Config['anthropic']): AiProvider | null {
  if (!config.apiKey) return null;
  const client = new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    timeout: config.timeoutMs,
    maxRetries: 0,
  });
  return {
    name: 'anthropic',
    model: config.model,
    async complete(request: LlmRequest): Promise<LlmReply> {
      const message = await client.messages.create({
        model: config.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: [{ role: 'user', content: request.user }],
      });
      const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      return { text, tokensIn: message.usage.input_tokens, tokensOut: message.usage.output_tokens };
    },
  };
}
