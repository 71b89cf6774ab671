// People suggested while the caller's name, address, number or organisation is typed on /bureau/appel (progressive
// enhancement: without this script the search form works as before). The list is written into a polite live region;
// each suggestion is a link that opens the request form for that person.
(function () {
    'use strict';
    if (!window.fetch) { return; }

    document.querySelectorAll('input[data-caller-suggest]').forEach(function (input) {
        var box = document.getElementById(input.getAttribute('data-caller-suggest'));
        if (!box) { return; }
        var timer = null;
        var last = '';
        var controller = null;

        function render(items, typed) {
            // The same people as shown (their links only carry the newer search): update the links in place, which
            // leaves the list (and a keyboard user's focus in it) as it is.
            var key = typed.length < 2 ? '' : JSON.stringify(items.map(function (i) { return [i.id, i.name, i.detail]; }));
            if (box.getAttribute('data-shown') === key) {
                items.forEach(function (item) {
                    var a = box.querySelector('a[data-person="' + item.id + '"]');
                    if (a) { a.href = item.url; }
                });
                return;
            }
            box.setAttribute('data-shown', key);
            var focused = box.contains(document.activeElement) ? document.activeElement.getAttribute('data-person') : null;
            box.textContent = '';
            if (typed.length < 2) { return; }
            var intro = document.createElement('p');
            intro.textContent = !items.length
                ? 'Aucune personne ne correspond pour l\u2019instant.'
                : items.length === 1 ? 'Une personne correspond :' : items.length + ' personnes correspondent :';
            box.appendChild(intro);
            if (!items.length) { return; }
            var list = document.createElement('ul');
            items.forEach(function (item) {
                var li = document.createElement('li');
                var a = document.createElement('a');
                a.href = item.url;
                a.setAttribute('data-person', item.id);
                a.textContent = item.name;
                li.appendChild(a);
                if (item.detail) { li.appendChild(document.createTextNode(' \u2014 ' + item.detail)); }
                list.appendChild(li);
            });
            box.appendChild(list);
            // A newer answer replaced the list under the focus: the same person's link takes it back.
            if (focused) {
                var again = box.querySelector('a[data-person="' + focused + '"]');
                if (again) { again.focus(); }
            }
        }

        function suggest() {
            var q = input.value.trim();
            if (q === last) { return; }
            last = q;
            if (controller) { controller.abort(); }
            if (q.length < 2) { render([], q); return; }
            controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
            fetch('/bureau/appel?handler=suggestions&qui=' + encodeURIComponent(q), {
                credentials: 'same-origin',
                headers: { 'Accept': 'application/json' },
                signal: controller ? controller.signal : undefined
            })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (items) { render(items, q); })
                .catch(function () { /* aborted or offline: keep the form as it is */ });
        }

        input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(suggest, 250);
        });
    });
})();
