package dev.kaka.worker.attachment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the worker fetches the images attached to an issue.
 *
 * @param imageUrls where GitHub serves attached images through the signed links of an issue's
 *     {@code body_html}: an image elsewhere is not fetched, so an issue cannot make the worker
 *     fetch an address of its choosing. {@code <server>/user-attachments/assets/} of the server of
 *     {@code kaka.github.api-url} counts as well
 * @param timeout how long one image may take to arrive
 */
@Validated
@ConfigurationProperties("kaka.attachments")
public record AttachmentProperties(
    @DefaultValue({
          "https://private-user-images.githubusercontent.com/",
          "https://user-images.githubusercontent.com/"
        })
        @NotNull
        List<
                @Pattern(
                    regexp = "https?://[^\\s/]+/.*",
                    message = "must be an http(s) URL ending in a path")
                String>
            imageUrls,
    @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 5)
        Duration timeout) {}
